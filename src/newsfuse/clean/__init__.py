"""Cleaning text pasted from web pages: separate the article from the page furniture."""
