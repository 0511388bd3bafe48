"""Sync with HQ: filled by the sync issue. Qt-free, like the rest of the core."""
