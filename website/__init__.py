"""The Samendenk Django project and its Wagtail CMS."""
