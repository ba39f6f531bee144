"""HTTP controllers: parse, authorise, call the store and matcher, serialise. Nothing more."""
