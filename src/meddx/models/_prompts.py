"""Prompts as configuration: Jinja2 templates rendered through the model's chat template.

A template renders the *user message*. It sees ``text`` (the note, required), ``labels``
(the verbalised label names), ``examples`` (few-shot: dicts with ``text`` and ``label``) and
``passages`` (RAG: dicts with ``source_id``, ``text`` and, when known, ``label``). The
rendered message, with the system prompt, goes through ``tokenizer.apply_chat_template`` with
the generation prompt, so the model's answer, the label, follows directly.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from meddx.errors import ConfigError, require

__all__ = ["TEMPLATES", "PromptTemplate", "load_template", "render_chat"]

_EXAMPLES = (
    "{% if examples %}Solved examples:\n{% for ex in examples %}Text: {{ ex.text }}\n"
    "Answer: {{ ex.label }}\n\n{% endfor %}{% endif %}"
)
_PASSAGES = (
    "{% if passages %}Reference passages (cite by id):\n{% for p in passages %}[{{ p.source_id }}]"
    "{% if p.label %} ({{ p.label }}){% endif %} {{ p.text }}\n{% endfor %}\n{% endif %}"
)

TEMPLATES: dict[str, tuple[str, str]] = {
    # name: (system prompt, user-message template)
    "plain": (
        "You are a careful medical assistant who classifies clinical text.",
        "Classify the text into one of these categories: {{ labels | join(', ') }}.\n\n"
        + _PASSAGES + _EXAMPLES
        + "Text: {{ text }}\n\nAnswer with the category name only.",
    ),
    "clinician": (
        "You are an experienced physician reviewing medical notes and abstracts.",
        "Read the note below and decide which diagnostic group it belongs to.\n"
        "Possible groups:\n{% for l in labels %}- {{ l }}\n{% endfor %}\n"
        + _PASSAGES + _EXAMPLES
        + "Note:\n\"\"\"\n{{ text }}\n\"\"\"\n\nWhich group is it? Reply with the group name.",
    ),
    "terse": (
        "",
        _PASSAGES + _EXAMPLES + "{{ text }}\n\nCategory ({{ labels | join(' / ') }})?",
    ),
}


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    source: str
    system: str

    def render_user(self, *, text: str, labels: list[str], examples: list[dict] | None = None,
                    passages: list[dict] | None = None) -> str:
        jinja2 = require("jinja2", "llm")
        try:
            return _compile(self.source).render(text=text, labels=labels, examples=examples or [],
                                                passages=passages or [])
        except jinja2.TemplateError as exc:
            raise ConfigError(f"prompt template '{self.name}' failed to render: {exc}") from None


@functools.lru_cache(maxsize=16)
def _compile(source: str):
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=False)
    return env.from_string(source)


def load_template(spec: str, system_prompt: str | None = None) -> PromptTemplate:
    """A built-in template by name or a Jinja2 file by path, checked for its ``{{ text }}`` slot."""
    jinja2 = require("jinja2", "llm")
    from jinja2 import meta
    from jinja2.sandbox import SandboxedEnvironment

    if spec in TEMPLATES:
        system, source = TEMPLATES[spec]
    else:
        path = Path(spec).expanduser()
        if not path.is_file():
            raise ConfigError(f"llm.template '{spec}' is neither a built-in template "
                              f"({', '.join(TEMPLATES)}) nor an existing file")
        system, source = "", path.read_text(encoding="utf-8")
    try:
        names = meta.find_undeclared_variables(SandboxedEnvironment().parse(source))
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"llm.template '{spec}': Jinja syntax error at line {exc.lineno}: "
                          f"{exc.message}") from None
    if "text" not in names:
        raise ConfigError(f"llm.template '{spec}' has no {{{{ text }}}} slot for the note; "
                          f"it uses: {', '.join(sorted(names)) or '(no variables)'}")
    unknown = sorted(names - {"text", "labels", "examples", "passages"})
    if unknown:
        raise ConfigError(f"llm.template '{spec}' uses unknown variable '{unknown[0]}'; "
                          "known: text, labels, examples, passages")
    return PromptTemplate(spec, source, system if system_prompt is None else system_prompt)


def render_chat(tokenizer, system: str, user: str) -> str:
    """The full prompt in the model's chat format, ending where the assistant's answer starts."""
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": user}]
    if getattr(tokenizer, "chat_template", None):
        try:
            return tokenizer.apply_chat_template(messages, tokenize=False,
                                                 add_generation_prompt=True)
        except Exception:  # noqa: BLE001 - some chat templates refuse a system role
            merged = [{"role": "user", "content": f"{system}\n\n{user}" if system else user}]
            return tokenizer.apply_chat_template(merged, tokenize=False, add_generation_prompt=True)
    return (f"{system}\n\n" if system else "") + f"{user}\nAnswer: "
