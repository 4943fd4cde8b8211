"""Which knowledge-base topic answers which topic intent (the topic buttons and DIET's topics)."""

INTENT_TOPICS = {
    "topic_honour": "honour_violence", "topic_forced_marriage": "forced_marriage",
    "topic_child_marriage": "child_marriage", "topic_fgm": "fgm",
    "topic_abroad": "abroad_before_trip", "topic_abroad_already": "abroad_already",
    "topic_close_violence": "close_violence", "topic_protection": "protection",
    "topic_report_police": "report_police", "topic_social_services": "social_services",
    "topic_school_role": "school_role", "topic_healthcare": "healthcare",
    "topic_lgbtq": "lgbtq", "topic_digital_control": "digital_control",
    "topic_support": "support_structure",
}
TOPIC_INTENTS = {topic: intent for intent, topic in INTENT_TOPICS.items()}
