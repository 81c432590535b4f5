"""Pure-Python core: enums, value objects, calendar and rules. No SQL, no Qt."""
