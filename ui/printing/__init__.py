"""Printed documents: one QPainter renderer for PDF files, print preview and printers."""
