import { describeJourney } from './support/journey.js';

describeJourney('sqlite');
