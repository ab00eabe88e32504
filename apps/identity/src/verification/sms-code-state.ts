export enum SmsCodePurpose {
  Register = 'register',
  ResetPassword = 'reset_password',
}

export enum SmsCodeStatus {
  /** Sent and waiting; guesses count against it. */
  Issued = 'issued',
  /** A right guess spent it. */
  Used = 'used',
  /** Too many wrong guesses. */
  Exhausted = 'exhausted',
  /** A newer code for the same phone and purpose replaced it. */
  Superseded = 'superseded',
}

/** Every move a code can make; `SmsCodeRepository` applies each as one guarded update. */
export const SMS_CODE_TRANSITIONS: Readonly<Record<SmsCodeStatus, readonly SmsCodeStatus[]>> = {
  [SmsCodeStatus.Issued]: [SmsCodeStatus.Used, SmsCodeStatus.Exhausted, SmsCodeStatus.Superseded],
  [SmsCodeStatus.Used]: [],
  [SmsCodeStatus.Exhausted]: [],
  [SmsCodeStatus.Superseded]: [],
};

export const canMove = (from: SmsCodeStatus, to: SmsCodeStatus): boolean => SMS_CODE_TRANSITIONS[from].includes(to);
