"""Data loader for the django-helpdesk benchmark peer."""
