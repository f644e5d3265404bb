"""Client ratings of therapists (see rules.py for who may rate, and how).

This package imports nothing here on purpose: the search engine reads the display
threshold from `display`, while the hooks that keep the index current import the search
package, and an import of a submodule runs this file first.
"""
