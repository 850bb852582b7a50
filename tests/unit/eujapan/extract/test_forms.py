"""Where a document writes a form (forms.py): `find_form` finds what the form's pattern finds."""

from __future__ import annotations

import pytest

from eujapan.extract.forms import _form_pattern, find_form, occurs_as_word

TEXT = (
    "The EU-Japan Centre and the EU-Japan **Centre** met NEDO. EEN-Japan is not EEN; "
    "pre-NEDO and NEDOs are not NEDO either. Enterprise Europe Network**-Japan** too."
)


@pytest.mark.parametrize(
    "form", ["EU-Japan Centre", "NEDO", "EEN", "Network-Japan", "Enterprise Europe Network"]
)
def test_find_form_matches_the_form_pattern(form: str) -> None:
    expected = [(m.start(), m.end()) for m in _form_pattern(form).finditer(TEXT)]
    assert find_form(TEXT, form) == expected
    assert expected  # each form occurs, so the comparison says something


def test_occurs_as_word_needs_word_boundaries() -> None:
    assert occurs_as_word("met NEDO.", "NEDO")
    assert not occurs_as_word("pre-NEDO and NEDOs", "NEDO")
