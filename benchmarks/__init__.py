"""`mobility bench`: how fast the product is from one school to all of Europe, and why."""
