"""Depositumsgaranti: the municipality's guarantee to a landlord for a new lease, and the landlord's claims on it."""
