"""Services: use cases that take plain values and a unit of work (:mod:`.unit_of_work`)."""
