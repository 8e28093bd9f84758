"""Bureau moderation: flags, the review queue, the audit log, suspensions, the privacy guard."""
