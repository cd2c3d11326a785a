"""The write side of the activity log: every state change's entry and its event, written
in the caller's transaction (``service.record`` and its batch forms), and the fan-out that
queues the event's deliveries. It sits below every domain and the unit of work
(``parley.uow.Ctx.record``); the activity domain reads what it wrote."""
