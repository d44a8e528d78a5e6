"""Lookups the whole portal relies on, registered when the portal starts."""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """`in` for integer columns, where a number out of the column's range matches nothing.

    Django already treats exact and comparison lookups so (IntegerFieldOverflow);
    without the same for `in`, SQLite can't even bind a 30-digit number typed
    into a form, and a page that looks it up fails instead of finding nothing.
    """

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
