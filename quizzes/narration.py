"""What in a quiz can be heard: each question and each of its choices."""

from media.normalise import plain_text

from .models import Quiz


def narration_owner(quiz: Quiz) -> str:
    # Translations share question ids; the owner is the quiz in the language it is shown in.
    return f"quiz:{quiz.pk}"


def narratable_texts(quiz: Quiz) -> dict[str, str]:
    texts = {}
    for question in quiz.question_list:
        texts[question.id] = plain_text(question.prompt)
        if question.type in ("single_choice", "multiple_choice", "ordering"):
            for choice in question.choices:
                texts[choice.id] = choice.text
    return {key: text for key, text in texts.items() if text.strip()}
