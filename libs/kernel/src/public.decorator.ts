import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'countyflow:public';

/** Marks a route that anyone may call without a token (the global auth guard lets it through). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
