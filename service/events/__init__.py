"""Events, their citations and their documents. Importing the package fills service.ripple."""

from service.events import ripple
from service.ripple import install

install(ripple)
