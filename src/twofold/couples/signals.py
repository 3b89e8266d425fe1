from django.dispatch import Signal

# Sent inside the unpairing transaction, before the couple key is destroyed.
# Arguments: couple_id (int), user_ids (list[int]). Apps drop their shared copies here.
couple_ended = Signal()
