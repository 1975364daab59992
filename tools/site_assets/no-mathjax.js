// The tutorial has no formulas: this stands in for MathJax, which mkdocs-jupyter would load from a CDN.
