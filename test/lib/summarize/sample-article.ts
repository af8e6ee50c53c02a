import type { SummaryPage } from '../../../lib/summarize';

/** A news article whose central sentences are about the bike-share expansion; the rest is filler. */
export const CENTRAL_SENTENCES = [
  'Riverton will add 40 new bike-share stations across the city by next spring, the transport department announced on Monday.',
  'The expansion doubles the size of the bike-share network, which launched in 2019 with 40 stations in the city centre.',
  'Officials said the new bike-share stations will be placed near bus stops and train stations so riders can combine trips.',
  'Ridership of the bike-share network grew by 35 percent last year, according to the transport department.',
];

export const FILLER_SENTENCES = [
  'Sign up for our newsletter to get the latest stories.',
  'The weather on Monday was cloudy with light rain in the afternoon.',
  'Local cafe owners near the river were not available for comment.',
  'Read more: Ten scenic walks along the waterfront.',
];

export const BIKE_SHARE_ARTICLE: SummaryPage = {
  url: 'https://news.example/riverton-bike-share',
  title: 'Riverton expands its bike-share network',
  text: [
    CENTRAL_SENTENCES[0],
    CENTRAL_SENTENCES[1],
    FILLER_SENTENCES[0],
    CENTRAL_SENTENCES[2],
    FILLER_SENTENCES[1],
    CENTRAL_SENTENCES[3],
    'Mayor Lena Ortiz, who cycled to the announcement, called it a big day for Riverton.',
    "Each new station will hold about 15 bikes, including electric bikes for the city's hilly eastern neighbourhoods.",
    'The city expects the new stations to cost 6 million dollars, funded mostly by a regional transport grant.',
    FILLER_SENTENCES[2],
    FILLER_SENTENCES[3],
  ].join(' '),
};
