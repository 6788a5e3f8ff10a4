"""Team work: merging consultants' copies of an engagement, the audit trail, and the
shared store on PostgreSQL."""
