"""Qt-free core: domain rules, the local store and its repositories."""
