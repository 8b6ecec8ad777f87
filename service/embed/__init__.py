"""/embed/timelines/{slug} and /oembed: a timeline as a self-contained page for an iframe."""
