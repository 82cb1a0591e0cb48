"""The morning digests: each staff member's complaints due soon or overdue, and a supervisor's team."""
