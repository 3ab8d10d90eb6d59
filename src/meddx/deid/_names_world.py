"""Given names that the bundled first-name list (US records) lacks: West African names (Akan
day names, common Yoruba and Igbo names), session 19, branch deidleft19.

The bundled ``first_names.txt`` holds none of them ("Adwoa", "Abena", "Kofi", "Ngozi"), so a
crf NAME of one of them alone is an "unlisted" word to the crf guard, which gives up such a
word at a sentence's start before "(rn aware" as it gives up a service or a brand drug ("Adwoa
(rn aware of plan).", session 17's review; "Nexterone (rn aware" stays dropped). This list is
read by the guard only, never as a crf feature (the bundled model's features are unchanged).
Names that are also English or clinical words ("Yaw", "Ama", "Esi", "Aba", "Wale") are left
out.
"""

from __future__ import annotations

__all__ = ["WORLD_FIRST_NAMES"]

WORLD_FIRST_NAMES = frozenset(
    # Akan day names and their common spellings
    "kwasi kwesi akwasi akosua kwadwo kodwo kojo adwoa adjoa kwabena kobina ebo abena kwaku "
    "kweku akua ekow yaa fiifi kofi afua efua kwame kwamena akos "
    # Yoruba
    "adebayo adeola ayodele babatunde folasade funmilayo oluwaseun olumide temitope tolulope "
    "yetunde abimbola adewale bukola damilola femi kehinde taiwo tunde yemi "
    # Igbo
    "chinedu chiamaka ngozi nnamdi obinna uchenna emeka ifeoma chidi chioma adaeze amaka ikenna "
    "nkechi chinwe ebere kelechi oluchi".split())
