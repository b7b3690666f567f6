"""An example secondround plug-in package."""
