package io.carecache;

/**
 * The HIPAA Safe Harbor identifier categories CareCache screens for (45 CFR 164.514(b)(2)).
 */
public enum PhiCategory {
    NAME, ADDRESS, DATE, AGE_OVER_89, PHONE, FAX, EMAIL, SSN, MEDICAL_ID, INSURANCE_ID,
    ACCOUNT_NUMBER, LICENSE_NUMBER, VEHICLE_ID, DEVICE_ID, URL, IP_ADDRESS, BIOMETRIC, OTHER_ID
}
