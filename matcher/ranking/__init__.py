"""Ranking: the concept space, pair features, the learned ranker, shortlists and the market plan."""
