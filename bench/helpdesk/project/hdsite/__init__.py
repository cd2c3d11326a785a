"""Django project serving django-helpdesk for the benchmarks."""
