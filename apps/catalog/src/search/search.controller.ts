import { CurrentPrincipal, Principal, Public } from '@countyflow/auth';
import { CountyCodePipe } from '@countyflow/kernel';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  mapSynonym,
  SearchDto,
  SearchResponseDto,
  SynonymCreateDto,
  SynonymListResponseDto,
  SynonymResponseDto,
} from './search.dto';
import { SearchService } from './search.service';
import { SynonymService } from './synonym.service';

@ApiTags('search')
@Controller('search')
export class SearchController {
  constructor(
    private readonly service: SearchService,
    private readonly synonyms: SynonymService,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Search public listings: Chinese, pinyin, initials, everyday words, facets, highlights, cursor pages',
    description:
      'q="脐橙", "臍橙", "qicheng", "qc" and "橙子" all find "赣南脐橙 5斤装 产地直发"; "信风脐橙" finds it by sound and ' +
      'suggests 信丰脐橙. Only published listings of verified sellers. docs/catalog.md explains matching and ranking.',
  })
  @ApiOkResponse({ type: SearchResponseDto })
  search(@Query() query: SearchDto): Promise<SearchResponseDto> {
    return this.service.find(query);
  }

  @Public()
  @Get('synonyms/:countyCode')
  @ApiOperation({ summary: "The shipped synonym list and a county's own everyday words" })
  @ApiOkResponse({ type: SynonymListResponseDto })
  async listSynonyms(@Param('countyCode', CountyCodePipe) countyCode: string): Promise<SynonymListResponseDto> {
    const { platform, county } = await this.synonyms.list(countyCode);
    return { platform, county: county.map(mapSynonym) };
  }

  @Post('synonyms')
  @ApiOperation({
    summary: "Add or replace one of a county's everyday words (county staff of that county, or a platform admin)",
    description: 'Searches in the county (and those naming no county) then also find the catalog words it stands for.',
  })
  @ApiCreatedResponse({ type: SynonymResponseDto })
  async putSynonym(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: SynonymCreateDto,
  ): Promise<SynonymResponseDto> {
    return mapSynonym(await this.synonyms.put(principal, dto.countyCode, dto.word, dto.expansions));
  }

  @Delete('synonyms/:id')
  @HttpCode(204)
  @ApiOperation({
    summary: "Remove one of a county's everyday words (county staff of that county, or a platform admin)",
  })
  async removeSynonym(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    await this.synonyms.remove(principal, id);
  }
}
