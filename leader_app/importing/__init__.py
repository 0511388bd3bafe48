"""Importing leaders' files: platform order exports, member lists, product lists, 接龙 text."""
