"""Everything rendered for people or other systems: HTML reports, charts, booklets, exports."""
