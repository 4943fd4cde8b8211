"""What a message is about, who writes it, and whether someone is in danger: learned from the
labelled corpora (data/corpus and the rest, bot.understanding.corpus) with linear models that
run in pure Python (features, linear), trained with scikit-learn (train), combined with the
rules of bot/safety and read sentence by sentence (read)."""
