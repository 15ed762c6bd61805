"""Ledgers (台账): the blank ones we send to units and the filled ones they send back."""
