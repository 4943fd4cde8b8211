"""Which knowledge-base topic answers which topic intent of the NLU."""

INTENT_TOPICS = {
    "topic_honour": "honour_violence", "topic_forced_marriage": "forced_marriage",
    "topic_child_marriage": "child_marriage", "topic_fgm": "fgm",
    "topic_abroad": "abroad_before_trip", "topic_close_violence": "close_violence",
    "topic_protection": "protection", "topic_report_police": "report_police",
    "topic_social_services": "social_services", "topic_digital_control": "digital_control",
    "topic_lgbtq": "lgbtq",
}
