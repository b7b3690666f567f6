"""Technical (mechanical) reasoning: gears, levers, pulleys and circuits, each with a drawing."""
