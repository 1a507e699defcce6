"""Adapters to the world outside bolig (SMS, geocoding): one interface, several bodies chosen by config."""
