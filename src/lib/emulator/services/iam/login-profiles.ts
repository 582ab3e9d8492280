/**
 * Console passwords (login profiles). The sandbox has no console, so the password itself is checked against IAM's
 * default password rules and then dropped: only the profile's existence and its reset flag are kept.
 */
import { AwsError, type OperationHandler } from '../../core/types';
import { noSuchLoginProfile } from './errors';
import { type IamState } from './model';
import { callerUserName, user } from './users';

/**
 * IAM's default password policy (no account password policy is set in the sandbox): at least 8 characters, three of
 * the four character kinds, not the user's name.
 */
function checkPassword(password: string, userName: string) {
  const kinds = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  if (password.length < 8 || kinds < 3 || password.toLowerCase() === userName.toLowerCase()) {
    throw new AwsError('PasswordPolicyViolation', 'Password does not conform to the account password policy.', 400);
  }
}

const view = (userName: string, p: { CreateDate: Date; PasswordResetRequired: boolean }) => ({
  UserName: userName,
  CreateDate: p.CreateDate,
  PasswordResetRequired: p.PasswordResetRequired,
});

export const loginProfileOperations: Record<string, OperationHandler<IamState>> = {
  CreateLoginProfile(input, ctx) {
    const u = user(ctx, 'CreateLoginProfile', callerUserName(ctx, input.UserName));
    if (u.LoginProfile) throw new AwsError('EntityAlreadyExists', `Login Profile for user ${u.UserName} already exists.`, 409);
    // AWS accepts no Password only for the root user's centralized access, which the sandbox does not have.
    // AWS difference: the wording of this refusal is the sandbox's own.
    if (input.Password === undefined) throw new AwsError('ValidationError', 'Password is required when creating a login profile for an IAM user.', 400);
    checkPassword(input.Password, u.UserName);
    u.LoginProfile = { CreateDate: ctx.now(), PasswordResetRequired: input.PasswordResetRequired ?? false };
    return { LoginProfile: view(u.UserName, u.LoginProfile) };
  },
  GetLoginProfile(input, ctx) {
    const u = user(ctx, 'GetLoginProfile', callerUserName(ctx, input.UserName));
    if (!u.LoginProfile) throw noSuchLoginProfile(u.UserName);
    return { LoginProfile: view(u.UserName, u.LoginProfile) };
  },
  UpdateLoginProfile(input, ctx) {
    const u = user(ctx, 'UpdateLoginProfile', input.UserName);
    if (!u.LoginProfile) throw noSuchLoginProfile(u.UserName);
    if (input.Password !== undefined) checkPassword(input.Password, u.UserName);
    if (input.PasswordResetRequired !== undefined) u.LoginProfile.PasswordResetRequired = input.PasswordResetRequired;
  },
  DeleteLoginProfile(input, ctx) {
    const u = user(ctx, 'DeleteLoginProfile', callerUserName(ctx, input.UserName));
    if (!u.LoginProfile) throw noSuchLoginProfile(u.UserName);
    delete u.LoginProfile;
  },
};
