package io.cronwheel.cron;

import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.And;
import com.cronutils.model.field.expression.Between;
import com.cronutils.model.field.expression.Every;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.field.expression.On;
import com.cronutils.model.field.expression.QuestionMark;
import com.cronutils.model.field.value.FieldValue;
import com.cronutils.model.field.value.IntegerFieldValue;
import com.cronutils.model.field.value.SpecialChar;
import com.cronutils.model.field.value.SpecialCharFieldValue;

/**
 * Compiles the plain parts of a cron-utils field expression (values, ranges, lists, steps) to a bit
 * set over the field's range. A range whose start is above its end wraps around ({@code FRI-MON},
 * {@code 50-10}), as in Quartz; cron-utils needs this anyway because it reads {@code SUN-SAT} as
 * 7-6.
 */
final class FieldValues {

  private FieldValues() {}

  static long bits(Field field, FieldExpression expression, String text) {
    if (expression instanceof Always || expression instanceof QuestionMark) {
      return span(field, field.min(), field.max(), 1);
    }
    if (expression instanceof And and) {
      long bits = 0;
      for (FieldExpression item : and.getExpressions()) {
        bits |= bits(field, item, text);
      }
      return bits;
    }
    if (expression instanceof On on && isPlain(on)) {
      return 1L << on.getTime().getValue();
    }
    if (expression instanceof Between between) {

      return span(
          field, value(field, between.getFrom(), text), value(field, between.getTo(), text), 1);
    }
    if (expression instanceof Every every) {
      return every(field, every, text);
    }
    throw unsupported(field, text);
  }

  static boolean isPlain(On on) {
    return on.getSpecialChar().getValue() == SpecialChar.NONE;
  }

  static InvalidCronException unsupported(Field field, String text) {
    return InvalidCronException.inField(field, "unsupported value '" + text + "'");
  }

  private static long every(Field field, Every every, String text) {
    int step = every.getPeriod().getValue();
    if (step < 1) {
      throw InvalidCronException.inField(field, "step " + step + " out of range 1-" + field.max());
    }
    FieldExpression base = every.getExpression();
    if (base instanceof Always) {
      return span(field, field.min(), field.max(), step);
    }
    if (base instanceof On on && isPlain(on)) {
      return span(field, on.getTime().getValue(), field.max(), step); // "a/n": from a to the end
    }
    if (base instanceof Between between) {

      return span(
          field, value(field, between.getFrom(), text), value(field, between.getTo(), text), step);
    }
    throw unsupported(field, text);
  }

  /**
   * Every {@code step}-th value from {@code from} to {@code to}, wrapping past the field's maximum
   * if needed.
   */
  private static long span(Field field, int from, int to, int step) {
    int start = from;
    int max = field.max();
    if (field == Field.DAY_OF_WEEK && from > to) {
      start = from % 7; // SUN-WED arrives as 7-3: start the week at 0
      max = 6; // and wrap after Saturday, so FRI-MON/2 does not count Sunday twice (as 7 and 0)
    }
    int size = start <= to ? to - start + 1 : (max - start + 1) + (to - field.min() + 1);
    long bits = 0;
    for (int position = 0; position < size; position += step) {
      int value = start + position;
      if (value > max) {
        value -= max - field.min() + 1;
      }
      bits |= 1L << value;
    }
    return bits;
  }

  private static int value(Field field, FieldValue<?> value, String text) {
    if (value instanceof IntegerFieldValue integerFieldValue) {
      return integerFieldValue.getValue();
    }
    if (field == Field.DAY_OF_MONTH
        && value instanceof SpecialCharFieldValue specialCharFieldValue
        && specialCharFieldValue.getValue() == SpecialChar.L) {
      return field
          .max(); // "10-L": days beyond the month's length never match, so 31 means "to the last
      // day"
    }
    throw unsupported(field, text);
  }
}
