export * from './Identity';
export { signIdentity, MIN_SECRET_LENGTH } from './signIdentity';
export * from './verifyIdentityHeader';
export * from './access';
export * from './jwtIdentity';
export * from './verifyRequestIdentity';
export * from './signIdentityJwt';
