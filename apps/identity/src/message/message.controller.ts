import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { MessageKind, UserMessage } from './message.entity';
import { MessageRepository } from './message.repository';

export class MessageResponseDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: MessageKind }) kind: MessageKind;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    description: 'what the words of the message need, e.g. the organisation and the reason of a rejection',
  })
  params: Record<string, string | null>;
  @ApiProperty() createdAt: string;
}

export const mapMessage = (message: UserMessage): MessageResponseDto => ({
  id: message.id,
  kind: message.kind,
  params: message.params,
  createdAt: message.createdAt.toISOString(),
});

@ApiTags('me')
@ApiBearerAuth()
@Controller('me/messages')
export class MessageController {
  constructor(private readonly messages: MessageRepository) {}

  @Get()
  @ApiOperation({ summary: 'My messages in the app, newest first (e.g. the decision on an application)' })
  @ApiOkResponse({ type: [MessageResponseDto] })
  async list(@CurrentPrincipal() principal: Principal): Promise<MessageResponseDto[]> {
    return (await this.messages.listFor(principal.userId, 50)).map(mapMessage);
  }
}
