"""Lookups the whole portal relies on, registered when the portal starts."""

from django.core.exceptions import FieldError
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


class OutOfRangeMatchesNothing:
    """An `in` lookup on integers where a number out of the column's range matches nothing.

    Django already treats exact and comparison lookups so (IntegerFieldOverflow);
    without the same for `in`, SQLite can't even bind a 30-digit number typed
    into a form or an admin filter, and the page fails instead of finding nothing.
    """

    def process_rhs(self, compiler, connection):
        field = compared_field(self.lhs.output_field)
        if self.rhs_is_direct_value() and isinstance(field, IntegerField):
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def compared_field(field):
    """The field whose values a lookup compares: a relation compares its target's."""
    if isinstance(field, ForeignObject):
        try:
            return field.target_field
        except FieldError:  # a relation over several columns
            return None
    return field


@IntegerField.register_lookup
class IntegerFieldIn(OutOfRangeMatchesNothing, In):
    pass


@ForeignObject.register_lookup
class RelatedIntegerIn(OutOfRangeMatchesNothing, RelatedIn):
    pass
