"""People (员工): the event log of hires, confirmations, transfers, promotions and leaves, and the roster
(花名册) on any date derived from it."""
