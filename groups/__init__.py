"""Domains, think groups, memberships, threads and posts; the live forum and moderation."""
