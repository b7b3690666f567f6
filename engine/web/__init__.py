"""The browser delivery (`secondround serve`): a Starlette app over the same store and Session engine."""
