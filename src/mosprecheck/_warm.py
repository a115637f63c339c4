"""Imported by the service's fork server: warm it up once (:func:`mosprecheck._isolated.warm_up`)."""

from ._isolated import warm_up

warm_up()
