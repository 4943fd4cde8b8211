"""How the project's Rasa processes are served: Rasa's server and the action server, each
started by a small launcher that keeps message text out of the logs, shows no version banner
and (the action server) answers only Rasa."""
