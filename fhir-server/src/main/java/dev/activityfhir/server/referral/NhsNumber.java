package dev.activityfhir.server.referral;

/** NHS numbers: ten digits whose last is the Modulus 11 check digit of the first nine. */
public final class NhsNumber {

  /** The identifier system of NHS numbers. */
  public static final String SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";

  private NhsNumber() {}

  /** True for ten digits (spaces ignored) with a correct check digit; a remainder giving 10 is never valid. */
  public static boolean isValid(String value) {
    String digits = value.replace(" ", "");
    if (digits.length() != 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (digits.charAt(i) - '0') * (10 - i);
    }
    int check = 11 - sum % 11;
    if (check == 11) {
      check = 0;
    }
    return check != 10 && check == digits.charAt(9) - '0';
  }
}
