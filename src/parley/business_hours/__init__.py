"""Business hours: schedules of weekly opening hours in a time zone, with exceptions."""
